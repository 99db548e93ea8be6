#include "core/numfmt.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

TEST(FormatDouble, RoundTripsExactly) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> d(-1e6, 1e6);
  for (int i = 0; i < 10000; ++i) {
    double v = d(rng);
    double back = 0;
    ASSERT_TRUE(lw::parse_double(lw::format_double(v), back));
    EXPECT_EQ(back, v);
  }
}

TEST(FormatDouble, IsShortForShortValues) {
  EXPECT_EQ(lw::format_double(0.1), "0.1");
  EXPECT_EQ(lw::format_double(23.4375), "23.4375");
  EXPECT_EQ(lw::format_double(-0.0), "0");
}

TEST(ParseDouble, IsStrict) {
  double v;
  EXPECT_FALSE(lw::parse_double("", v));
  EXPECT_FALSE(lw::parse_double("1.5x", v));
  EXPECT_FALSE(lw::parse_double("abc", v));
  EXPECT_TRUE(lw::parse_double(" 2.5 ", v));
  EXPECT_EQ(v, 2.5);
  EXPECT_TRUE(lw::parse_double("+3", v));
  EXPECT_EQ(v, 3);
}
