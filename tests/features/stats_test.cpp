#include <gtest/gtest.h>
#include <cmath>

#include "core/error.hpp"

#include "features/extract.hpp"
#include "features/stats.hpp"

using namespace lw::features;

TEST(Stats, PercentilesMatchNumpyLinear) {
  // numpy.percentile([1,2,3,4], [5, 50, 95]) = [1.15, 2.5, 3.85]
  std::vector<double> v = {1, 2, 3, 4};
  EXPECT_NEAR(percentile_sorted(v, 5), 1.15, 1e-12);
  EXPECT_NEAR(percentile_sorted(v, 50), 2.5, 1e-12);
  EXPECT_NEAR(percentile_sorted(v, 95), 3.85, 1e-12);
}

TEST(Stats, SummaryOverATimeRange) {
  Table t;
  t.sample_rate = 10;
  t.hop = 1;
  t.names = {"a"};
  t.units = {""};
  for (int i = 0; i < 10; ++i) {
    t.times.push_back(0.1 * i);
    t.values.push_back(i);
  }
  auto s = summarize(t, 0.2, 0.5);  // frames 2..5
  EXPECT_DOUBLE_EQ(s[0].mean, 3.5);
  EXPECT_DOUBLE_EQ(s[0].min, 2);
  EXPECT_DOUBLE_EQ(s[0].max, 5);
  EXPECT_NEAR(s[0].stddev, std::sqrt(1.25), 1e-12);
  EXPECT_THROW(summarize(t, 5, 6), lw::Error);
}
