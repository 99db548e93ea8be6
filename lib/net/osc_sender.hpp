// Sending OSC messages over UDP (liblo): what keeps a live nn~ patch in Max or
// Pd running from the same stream that is being recorded.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "net/endpoint.hpp"

namespace lw::net {

class OscSender {
 public:
  // Resolves the host now; throws a usage error when it cannot.
  explicit OscSender(const Endpoint& to);
  ~OscSender();
  OscSender(const OscSender&) = delete;
  OscSender& operator=(const OscSender&) = delete;

  // One message of 32-bit floats. Returns false when the datagram could not
  // be sent (nobody listening is not an error for UDP; a full buffer is).
  bool send(const std::string& address, const std::vector<float>& values);
  std::size_t sent() const { return sent_; }
  std::size_t failed() const { return failed_; }

 private:
  void* addr_ = nullptr;  // lo_address
  std::size_t sent_ = 0, failed_ = 0;
};

// An OSC address pattern is '/'-separated printable ASCII without spaces or
// the pattern characters # * , ? [ ] { }. True when `address` is one.
bool valid_osc_address(const std::string& address);

}  // namespace lw::net
