#include <limits>
#include "core/svg.hpp"

#include <gtest/gtest.h>

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
