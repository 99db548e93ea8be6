// lw-walk record --listen: a WebSocket server whose messages go to a
// Recorder. Each connection is a walker (w1, w2, ... in order of connection)
// unless its messages name one.
#pragma once
#include <atomic>
#include <functional>
#include <string>

#include "net/endpoint.hpp"
#include "walk/record.hpp"

namespace lw::walk {

struct ServeOptions {
  net::Endpoint listen{"127.0.0.1", 8080};
  std::size_t max_message = 1u << 20;  // bytes
  std::size_t max_connections = 16;
  double duration = 0;    // stop after this many seconds (0 = no limit)
  double until_idle = 0;  // stop when no connection is open and no frame came for this long, after a first frame
  const std::atomic<bool>* stop = nullptr;
  std::function<void(unsigned port)> listening;      // once bound
  std::function<void(const std::string&)> note;       // connections opening and closing
  std::function<void(double elapsed)> tick;           // about every 100 ms
};

// Binds (throws Exit::BadInput at once when it cannot: port in use, bad
// address), then serves until a stop condition.
StopReason serve_recording(const ServeOptions& options, Recorder& rec);

}  // namespace lw::walk
