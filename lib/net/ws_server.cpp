#include "net/ws_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <map>

#include "core/error.hpp"

namespace lw::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

std::string peer_name(const tcp::socket& s) {
  boost::system::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec) return "?";
  auto a = ep.address().to_string();
  return (ep.address().is_v6() ? "[" + a + "]" : a) + ":" + std::to_string(ep.port());
}

}  // namespace

struct Session;

struct WsServer::Impl {
  Options opt;
  Handler& handler;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::steady_timer ticker{io};
  asio::steady_timer deadline{io};
  std::map<std::uint64_t, std::shared_ptr<Session>> sessions;
  std::uint64_t next_id = 1;
  bool stopping = false;

  Impl(const Options& o, Handler& h) : opt(o), handler(h) {}
  void accept();
  void finished(std::uint64_t id) {
    sessions.erase(id);
    if (stopping && sessions.empty()) deadline.cancel();
  }
};

struct Session : std::enable_shared_from_this<Session> {
  WsServer::Impl& srv;
  std::uint64_t id;
  std::string peer;
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buf;
  http::request<http::string_body> req;
  bool opened = false;   // handler knows it
  bool closing = false;  // a close of ours is on its way
  std::string close_why;

  Session(WsServer::Impl& s, std::uint64_t i, tcp::socket sock)
      : srv(s), id(i), peer(peer_name(sock)), ws(std::move(sock)) {}

  void start() {
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(15));
    http::async_read(ws.next_layer(), buf, req,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_request(ec); });
  }

  void on_request(beast::error_code ec) {
    if (ec) return end("no WebSocket handshake (" + ec.message() + ")");
    if (!websocket::is_upgrade(req)) {
      // A plain HTTP request (a browser opening the address): say what this is.
      auto res = std::make_shared<http::response<http::string_body>>(http::status::upgrade_required, req.version());
      res->set(http::field::content_type, "text/plain");
      res->set(http::field::upgrade, "websocket");
      res->body() = "lw-walk record: a WebSocket endpoint; connect with new WebSocket('ws://HOST:PORT')\n";
      res->prepare_payload();
      res->keep_alive(false);
      http::async_write(ws.next_layer(), *res, [self = shared_from_this(), res](beast::error_code, std::size_t) {
        beast::error_code ignored;
        self->ws.next_layer().socket().shutdown(tcp::socket::shutdown_both, ignored);
        self->end("");
      });
      return;
    }
    beast::get_lowest_layer(ws).expires_never();
    auto to = websocket::stream_base::timeout::suggested(beast::role_type::server);
    to.handshake_timeout = std::chrono::seconds(5);
    ws.set_option(to);
    ws.read_message_max(srv.opt.max_message);
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& r) { r.set(http::field::server, "lw-walk record"); }));
    ws.async_accept(req, [self = shared_from_this()](beast::error_code e) { self->on_accept(e); });
  }

  void on_accept(beast::error_code ec) {
    if (ec) return end("");
    if (srv.stopping) return close_with(websocket::close_code::going_away, "server stopping");
    if (srv.sessions.size() > srv.opt.max_connections)
      return close_with(websocket::close_code::try_again_later,
                        "more than " + std::to_string(srv.opt.max_connections) + " connections");
    if (auto refusal = srv.handler.on_open(id, peer)) return close_with(websocket::close_code::policy_error, *refusal);
    opened = true;
    read();
  }

  void read() {
    ws.async_read(buf, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      std::string why;
      if (ec == websocket::error::closed) {
        auto r = ws.reason();
        if (closing)
          why = close_why;
        else if (r.code == websocket::close_code::none)
          why = "closed by the peer";
        else
          why = "closed by the peer (" + std::to_string(r.code) + (r.reason.empty() ? "" : " " + std::string(r.reason.c_str())) + ")";
      } else if (ec == websocket::error::message_too_big) {
        why = "message longer than " + std::to_string(srv.opt.max_message) + " bytes; connection closed (1009)";
      } else if (closing) {
        why = close_why;
      } else {
        why = "connection lost (" + ec.message() + ")";
      }
      return end(why);
    }
    auto arrival = WsServer::Clock::now();
    auto data = buf.cdata();
    std::string_view text(static_cast<const char*>(data.data()), data.size());
    if (opened && !closing) srv.handler.on_message(id, text, !ws.got_text(), arrival);
    buf.consume(buf.size());
    read();
  }

  void close_with(websocket::close_code code, const std::string& why) {
    if (closing) return;
    closing = true;
    close_why = why;
    bool reading = opened;
    ws.async_close(websocket::close_reason(code, why.substr(0, 120)),
                   [self = shared_from_this(), reading](beast::error_code) {
                     // While a read is pending it ends the session (it sees the close).
                     if (!reading) self->end(self->close_why);
                   });
  }

  void end(const std::string& why) {
    if (ended) return;
    ended = true;
    if (opened) srv.handler.on_close(id, why);
    opened = false;
    srv.finished(id);
  }
  bool ended = false;
};

void WsServer::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket sock) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping) return;
      accept();  // e.g. out of file descriptors for a moment: keep listening
      return;
    }
    sock.set_option(tcp::no_delay(true));
    auto s = std::make_shared<Session>(*this, next_id++, std::move(sock));
    sessions[s->id] = s;
    s->start();
    if (!stopping) accept();
  });
}

WsServer::WsServer(const Options& o, Handler& h) : impl_(std::make_unique<Impl>(o, h)) {
  auto& I = *impl_;
  const std::string where = o.listen.str();
  beast::error_code ec;
  tcp::resolver resolver(I.io);
  auto results = resolver.resolve(o.listen.host, std::to_string(o.listen.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) fail_usage("--listen: cannot resolve '" + o.listen.host + "': " + ec.message());
  tcp::endpoint ep = results.begin()->endpoint();
  I.acceptor.open(ep.protocol(), ec);
  if (!ec) I.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) I.acceptor.bind(ep, ec);
  if (!ec) I.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw Error(Exit::BadInput, "cannot listen on " + where + ": " + ec.message());
}

WsServer::~WsServer() = default;

std::uint16_t WsServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::size_t WsServer::connections() const { return impl_->sessions.size(); }

void WsServer::close(std::uint64_t id, const std::string& reason) {
  auto it = impl_->sessions.find(id);
  if (it != impl_->sessions.end()) it->second->close_with(websocket::close_code::policy_error, reason);
}

void WsServer::run(const std::function<bool()>& keep_going, std::chrono::milliseconds tick) {
  auto& I = *impl_;
  I.accept();
  std::function<void()> arm = [&] {
    I.ticker.expires_after(tick);
    I.ticker.async_wait([&](beast::error_code ec) {
      if (ec) return;
      if (keep_going()) return arm();
      I.stopping = true;
      beast::error_code ignored;
      I.acceptor.close(ignored);
      auto open = I.sessions;  // copy: closing may end sessions
      for (auto& [id, s] : open) {
        if (s->opened)
          s->close_with(websocket::close_code::going_away, "server stopping");
        else
          beast::get_lowest_layer(s->ws).close();
      }
      if (I.sessions.empty()) return;
      I.deadline.expires_after(std::chrono::seconds(2));
      I.deadline.async_wait([&](beast::error_code e) {
        if (e) return;  // cancelled: every session ended
        for (auto& [id, s] : std::map<std::uint64_t, std::shared_ptr<Session>>(I.sessions))
          beast::get_lowest_layer(s->ws).close();
      });
    });
  };
  arm();
  I.io.run();
  // Sessions still registered (their peers did not answer): tell the handler.
  for (auto& [id, s] : std::map<std::uint64_t, std::shared_ptr<Session>>(I.sessions)) s->end("server stopped");
}

}  // namespace lw::net
