#include "net/endpoint.hpp"

#include "core/error.hpp"

namespace lw::net {

std::string Endpoint::str() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Endpoint parse_endpoint(const std::string& text, const std::string& option, const std::string& default_host,
                        bool allow_zero) {
  Endpoint e;
  std::string port;
  auto bad = [&](const std::string& why) { fail_usage(option + ": " + why + " in '" + text + "' (expected HOST:PORT)"); };
  if (!text.empty() && text[0] == '[') {
    auto close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') bad("unclosed [IPv6] address");
    e.host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) {
      port = text;
    } else {
      e.host = text.substr(0, colon);
      port = text.substr(colon + 1);
      if (e.host.find(':') != std::string::npos) bad("an IPv6 address must be written in brackets");
    }
  }
  if (e.host.empty()) e.host = default_host;
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) bad("bad port");
  unsigned long p = std::stoul(port);
  if (p > 65535) bad("port above 65535");
  if (p == 0 && !allow_zero) bad("port 0");
  e.port = static_cast<std::uint16_t>(p);
  return e;
}

}  // namespace lw::net
