#include <limits>
#include "core/svg.hpp"

#include <gtest/gtest.h>

#include <string>

TEST(NiceTicks, RoundStepsOverAnOrdinaryRange) {
  const auto t = lw::svg::nice_ticks(0, 10, 10);
  ASSERT_EQ(t.size(), 11u);
  EXPECT_DOUBLE_EQ(t[3], 3.0);
}

TEST(NiceTicks, HugeOrNarrowRangesAreBounded) {
  // A step below the values' spacing used to loop (and fill memory) forever.
  EXPECT_LE(lw::svg::nice_ticks(1e20, 1e20 + 1000, 10).size(), 42u);
  EXPECT_LE(lw::svg::nice_ticks(0, std::numeric_limits<double>::max(), 10).size(), 42u);
  EXPECT_LE(lw::svg::nice_ticks(-1.7e308, 1.7e308, 10).size(), 42u);
  EXPECT_FALSE(lw::svg::nice_ticks(-1.7e308, 1.7e308, 10).empty());
}

// Coordinates are written with two decimals at most, and huge values keep
// their magnitude (a fixed-point 1e300 does not fit the buffer and was cut).
TEST(SvgNum, DecimalsAndHugeValues) {
  EXPECT_EQ(lw::svg::num(1.5), "1.5");
  EXPECT_EQ(lw::svg::num(2.0), "2");
  EXPECT_EQ(lw::svg::num(-0.001), "0");
  EXPECT_EQ(lw::svg::num(123.456), "123.46");
  EXPECT_EQ(lw::svg::num(999999999999.0), "999999999999");
  for (double v : {1e12, -3.5e15, 1e300, -1.7976931348623157e308}) {
    const std::string s = lw::svg::num(v);
    EXPECT_NEAR(std::stod(s) / v, 1.0, 1e-6) << s;
    EXPECT_LT(s.size(), 16u) << s;
  }
}
