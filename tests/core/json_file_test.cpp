#include "core/json_file.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

TEST(JsonFile, ParseErrorNamesLineAndColumn) {
  try {
    lw::parse_json_text("{\n  \"a\": 1,\n  oops\n}", "f.json");
    FAIL();
  } catch (const lw::Error& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("f.json:3: column"), std::string::npos) << m;
  }
}

TEST(JsonFile, FormatIsChecked) {
  auto doc = lw::parse_json_text(R"({"format":"latentwalk.features","version":1})", "f.json");
  EXPECT_NO_THROW(lw::check_format(doc, "f.json", "latentwalk.features"));
  EXPECT_THROW(lw::check_format(doc, "f.json", "latentwalk.trajectory"), lw::Error);
  auto v2 = lw::parse_json_text(R"({"format":"latentwalk.features","version":2})", "f.json");
  EXPECT_THROW(lw::check_format(v2, "f.json", "latentwalk.features"), lw::Error);
}

TEST(JsonFile, EmptyIsAnError) { EXPECT_THROW(lw::parse_json_text("  \n", "e.json"), lw::Error); }
