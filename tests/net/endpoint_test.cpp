#include "net/endpoint.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "net/osc_sender.hpp"

using namespace lw;
using namespace lw::net;
using ::testing::HasSubstr;

namespace {
std::string usage_error(const std::string& text, bool zero = true) {
  try {
    parse_endpoint(text, "--listen", "127.0.0.1", zero);
  } catch (const Error& e) {
    return e.code() == Exit::BadInput ? e.what() : "wrong code";
  }
  return "(no error)";
}
}  // namespace

TEST(Endpoint, HostPortForms) {
  auto a = parse_endpoint("0.0.0.0:8080", "--listen", "127.0.0.1", true);
  EXPECT_EQ(a.host, "0.0.0.0");
  EXPECT_EQ(a.port, 8080);
  EXPECT_EQ(parse_endpoint(":9000", "--osc", "127.0.0.1", false).host, "127.0.0.1");
  EXPECT_EQ(parse_endpoint("9000", "--osc", "127.0.0.1", false).port, 9000);
  auto v6 = parse_endpoint("[::1]:5000", "--listen", "127.0.0.1", true);
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.str(), "[::1]:5000");
  EXPECT_EQ(parse_endpoint("localhost:0", "--listen", "127.0.0.1", true).port, 0);
}

TEST(Endpoint, BadFormsAreUsageErrors) {
  EXPECT_THAT(usage_error("127.0.0.1:99999"), HasSubstr("port above 65535"));
  EXPECT_THAT(usage_error("127.0.0.1:"), HasSubstr("bad port"));
  EXPECT_THAT(usage_error("127.0.0.1:80x"), HasSubstr("bad port"));
  EXPECT_THAT(usage_error("::1:80"), HasSubstr("brackets"));
  EXPECT_THAT(usage_error("[::1:80"), HasSubstr("unclosed"));
  EXPECT_THAT(usage_error("host:0", false), HasSubstr("port 0"));
  EXPECT_THAT(usage_error("127.0.0.1:-1"), HasSubstr("--listen"));
}

TEST(Osc, AddressPatterns) {
  EXPECT_TRUE(valid_osc_address("/walk/w1"));
  EXPECT_TRUE(valid_osc_address("/a"));
  EXPECT_FALSE(valid_osc_address("walk"));
  EXPECT_FALSE(valid_osc_address("/walk/"));
  EXPECT_FALSE(valid_osc_address("/a b"));
  EXPECT_FALSE(valid_osc_address("/a//b"));
  EXPECT_FALSE(valid_osc_address("/a/*"));
  EXPECT_FALSE(valid_osc_address("/a/{w}"));
}
