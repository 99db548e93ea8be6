// A WebSocket server (RFC 6455) for small text messages, on one thread: the
// opening handshake, ping/pong, close frames and fragmented messages are the
// library's (Boost.Beast); the handler sees whole messages. A message over the
// size limit closes its connection with status 1009 (too big).
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/endpoint.hpp"

namespace lw::net {

class WsServer {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    Endpoint listen{"127.0.0.1", 0};
    std::size_t max_message = 1u << 20;  // bytes, after reassembly
    std::size_t max_connections = 64;    // more are closed with 1013 (try again later)
  };
  struct Handler {
    virtual ~Handler() = default;
    // A connection completed its handshake. Return a reason to refuse it
    // (closed with 1008, policy violation), or nullopt to accept.
    virtual std::optional<std::string> on_open(std::uint64_t id, const std::string& peer) = 0;
    // A whole message, with the time its last byte was read.
    virtual void on_message(std::uint64_t id, std::string_view data, bool binary, Clock::time_point arrival) = 0;
    // An accepted connection ended; `why` says how ("closed by the peer (1000)", ...).
    virtual void on_close(std::uint64_t id, const std::string& why) = 0;
  };

  // Binds and listens at once. Throws Exit::BadInput ("cannot listen on
  // 127.0.0.1:8080: Address already in use") when it cannot.
  WsServer(const Options& options, Handler& handler);
  ~WsServer();
  WsServer(const WsServer&) = delete;
  WsServer& operator=(const WsServer&) = delete;

  // The port listened on (the chosen one when 0 was asked for).
  std::uint16_t port() const;
  // Serves until keep_going() returns false (asked every `tick`), then closes
  // every connection with 1001 (going away), waiting at most 2 s for the
  // peers' answers.
  void run(const std::function<bool()>& keep_going, std::chrono::milliseconds tick = std::chrono::milliseconds(100));
  // Closes one connection with a policy-violation status and the reason.
  void close(std::uint64_t id, const std::string& reason);
  std::size_t connections() const;

  struct Impl;  // the Beast machinery, kept out of this header

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace lw::net
