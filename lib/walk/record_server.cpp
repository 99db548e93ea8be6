#include "walk/record_server.hpp"

#include <cmath>
#include <map>

#include "core/error.hpp"
#include "net/ws_server.hpp"

namespace lw::walk {

namespace {

struct Bridge : net::WsServer::Handler {
  Recorder& rec;
  const ServeOptions& opt;
  net::WsServer* server = nullptr;
  struct Conn {
    std::string walker, peer;
  };
  std::map<std::uint64_t, Conn> conns;
  std::size_t connected = 0;

  Bridge(Recorder& r, const ServeOptions& o) : rec(r), opt(o) {}

  std::optional<std::string> on_open(std::uint64_t id, const std::string& peer) override {
    if (conns.size() >= opt.max_connections)
      return "more than --max-walkers " + std::to_string(opt.max_connections) + " connections";
    Conn c{"w" + std::to_string(++connected), peer};
    if (opt.note) opt.note("walker " + c.walker + " connected from " + peer);
    conns[id] = c;
    return std::nullopt;
  }
  void on_message(std::uint64_t id, std::string_view data, bool, net::WsServer::Clock::time_point arrival) override {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    if (!rec.message(data, it->second.walker, it->second.peer + " (" + it->second.walker + ")", arrival))
      server->close(id, "more than --max-walkers walkers");
  }
  void on_close(std::uint64_t id, const std::string& why) override {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    if (opt.note) opt.note("walker " + it->second.walker + " (" + it->second.peer + ") left: " + why);
    conns.erase(it);
  }
};

}  // namespace

StopReason serve_recording(const ServeOptions& o, Recorder& rec) {
  if (!(std::isfinite(o.duration) && o.duration >= 0)) fail_usage("--duration must be a finite number >= 0");
  if (!(std::isfinite(o.until_idle) && o.until_idle >= 0)) fail_usage("--until-idle must be a finite number >= 0");
  if (o.max_message < 64) fail_usage("--max-message must be at least 64 bytes");
  Bridge bridge(rec, o);
  net::WsServer::Options so;
  so.listen = o.listen;
  so.max_message = o.max_message;
  so.max_connections = o.max_connections + 4;  // the handler refuses with a clearer reason
  net::WsServer server(so, bridge);
  bridge.server = &server;
  if (o.listening) o.listening(server.port());
  const auto start = RecordClock::now();
  auto since = [](RecordClock::time_point a) { return std::chrono::duration<double>(RecordClock::now() - a).count(); };
  StopReason why = StopReason::Signal;
  server.run([&] {
    double elapsed = since(start);
    if (o.tick) o.tick(elapsed);
    if (o.stop && o.stop->load()) {
      why = StopReason::Signal;
      return false;
    }
    if (o.duration > 0 && elapsed >= o.duration) {
      why = StopReason::Duration;
      return false;
    }
    if (o.until_idle > 0 && bridge.conns.empty() && rec.last_frame_time() &&
        since(*rec.last_frame_time()) >= o.until_idle) {
      why = StopReason::Idle;
      return false;
    }
    return true;
  });
  return why;
}

}  // namespace lw::walk
