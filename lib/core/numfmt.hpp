// Number <-> text without locale surprises. format_double prints the shortest
// text that reads back to the same double (std::to_chars), so conversions
// between text formats are lossless.
#pragma once
#include <string>
#include <string_view>

namespace lw {

std::string format_double(double v);
// Fixed number of decimals, for human-readable reports.
std::string format_fixed(double v, int decimals);
// Strict: the whole (trimmed) text must be a number. Accepts "nan"/"inf"; callers check finiteness.
bool parse_double(std::string_view text, double& out);

}  // namespace lw
