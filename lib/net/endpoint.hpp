// HOST:PORT as given on a command line (--listen, --osc).
#pragma once
#include <cstdint>
#include <string>

namespace lw::net {

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
  std::string str() const;  // "host:port" ([v6]:port)
};

// "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT" (host = default_host). PORT is
// 0..65535 (0 = any free port, where allow_zero). Throws a usage error naming
// `option`.
Endpoint parse_endpoint(const std::string& text, const std::string& option, const std::string& default_host,
                        bool allow_zero);

}  // namespace lw::net
