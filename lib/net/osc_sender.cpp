#include "net/osc_sender.hpp"

#include <lo/lo.h>
#include <netdb.h>

#include "core/error.hpp"

namespace lw::net {

OscSender::OscSender(const Endpoint& to) {
  // liblo resolves lazily and only says "could not send"; resolve here for a
  // clear message at start-up.
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(to.host.c_str(), std::to_string(to.port).c_str(), &hints, &res);
  if (rc != 0) fail_usage("--osc: cannot resolve '" + to.host + "': " + gai_strerror(rc));
  ::freeaddrinfo(res);
  addr_ = lo_address_new(to.host.c_str(), std::to_string(to.port).c_str());
  if (!addr_) fail_usage("--osc: cannot use " + to.str());
}

OscSender::~OscSender() {
  if (addr_) lo_address_free(static_cast<lo_address>(addr_));
}

bool OscSender::send(const std::string& address, const std::vector<float>& values) {
  lo_message m = lo_message_new();
  for (float v : values) lo_message_add_float(m, v);
  int rc = lo_send_message(static_cast<lo_address>(addr_), address.c_str(), m);
  lo_message_free(m);
  if (rc < 0) {
    ++failed_;
    return false;
  }
  ++sent_;
  return true;
}

bool valid_osc_address(const std::string& a) {
  if (a.size() < 2 || a[0] != '/' || a.back() == '/') return false;
  for (char c : a) {
    if (c <= ' ' || c >= 127) return false;
    if (std::string("#*,?[]{}").find(c) != std::string::npos) return false;
  }
  return a.find("//") == std::string::npos;
}

}  // namespace lw::net
