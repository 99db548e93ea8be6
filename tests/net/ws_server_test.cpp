// lib/net/ws_server against a WebSocket client written here from RFC 6455
// (handshake, masked client frames, fragmentation, ping/pong, close), so the
// server is checked on the wire, not through another library.
#include "net/ws_server.hpp"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "core/error.hpp"

using namespace lw;
using namespace lw::net;
using ::testing::HasSubstr;

namespace {

struct Recording : WsServer::Handler {
  std::mutex m;
  std::vector<std::string> messages, closes;
  int opens = 0;
  std::optional<std::string> on_open(std::uint64_t, const std::string&) override {
    std::lock_guard<std::mutex> l(m);
    ++opens;
    return std::nullopt;
  }
  void on_message(std::uint64_t, std::string_view d, bool, WsServer::Clock::time_point) override {
    std::lock_guard<std::mutex> l(m);
    messages.emplace_back(d);
  }
  void on_close(std::uint64_t, const std::string& why) override {
    std::lock_guard<std::mutex> l(m);
    closes.push_back(why);
  }
};

// The server on its own thread for the length of a test.
struct Running {
  Recording handler;
  std::unique_ptr<WsServer> server;
  std::atomic<bool> stop{false};
  std::thread thread;
  explicit Running(std::size_t max_message = 1024) {
    WsServer::Options o;
    o.max_message = max_message;
    server = std::make_unique<WsServer>(o, handler);
    thread = std::thread([this] { server->run([this] { return !stop.load(); }, std::chrono::milliseconds(20)); });
  }
  ~Running() {
    stop = true;
    thread.join();
  }
};

struct Frame {
  bool fin;
  int opcode;
  std::string payload;
};

class Client {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  // After the closing handshake the TCP connection ends from both sides.
  void hang_up() {
    ::close(fd_);
    fd_ = -1;
  }
  void write(const std::string& s) { ASSERT_EQ(::send(fd_, s.data(), s.size(), MSG_NOSIGNAL), ssize_t(s.size())); }
  // The opening handshake; returns the server's response head.
  std::string handshake() {
    // The key and its accept value are the example of RFC 6455, section 1.3.
    write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    return read_head();
  }
  std::string read_head() {
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos && ::recv(fd_, &c, 1, 0) == 1) head += c;
    return head;
  }
  // A client frame: always masked (section 5.3).
  void frame(int opcode, bool fin, const std::string& payload) {
    std::string f;
    f += static_cast<char>((fin ? 0x80 : 0) | opcode);
    std::size_t n = payload.size();
    if (n < 126) {
      f += static_cast<char>(0x80 | n);
    } else if (n < 65536) {
      f += static_cast<char>(0x80 | 126);
      f += static_cast<char>(n >> 8);
      f += static_cast<char>(n & 0xff);
    } else {
      f += static_cast<char>(0x80 | 127);
      for (int i = 7; i >= 0; --i) f += static_cast<char>((n >> (8 * i)) & 0xff);
    }
    const unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};
    f.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < n; ++i) f += static_cast<char>(payload[i] ^ mask[i % 4]);
    write(f);
  }
  std::optional<Frame> read() {
    unsigned char h[2];
    if (!exact(h, 2)) return std::nullopt;
    Frame f{(h[0] & 0x80) != 0, h[0] & 0x0f, ""};
    std::uint64_t n = h[1] & 0x7f;
    if (n == 126) {
      unsigned char e[2];
      if (!exact(e, 2)) return std::nullopt;
      n = (e[0] << 8) | e[1];
    } else if (n == 127) {
      unsigned char e[8];
      if (!exact(e, 8)) return std::nullopt;
      n = 0;
      for (int i = 0; i < 8; ++i) n = (n << 8) | e[i];
    }
    EXPECT_EQ(h[1] & 0x80, 0) << "server frames are not masked";
    f.payload.resize(n);
    if (n && !exact(reinterpret_cast<unsigned char*>(&f.payload[0]), n)) return std::nullopt;
    return f;
  }

 private:
  bool exact(unsigned char* p, std::size_t n) {
    while (n) {
      ssize_t r = ::recv(fd_, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<std::size_t>(r);
    }
    return true;
  }
  int fd_;
};

int close_code(const Frame& f) {
  return f.payload.size() >= 2 ? (static_cast<unsigned char>(f.payload[0]) << 8) | static_cast<unsigned char>(f.payload[1]) : -1;
}

template <class F>
bool eventually(F f) {
  for (int i = 0; i < 250; ++i) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST(WsServer, HandshakeMessagesFragmentsPingAndClose) {
  Running s;
  Client c(s.server->port());
  std::string head = c.handshake();
  EXPECT_THAT(head, HasSubstr("HTTP/1.1 101"));
  EXPECT_THAT(head, HasSubstr("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
  c.frame(0x1, true, R"({"x":1})");
  // One message in three fragments, with a ping between them (control frames
  // may come inside a fragmented message, section 5.4).
  c.frame(0x1, false, R"({"x")");
  c.frame(0x0, false, ":2");
  c.frame(0x9, true, "hello");
  c.frame(0x0, true, "}");
  auto pong = c.read();
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->opcode, 0xA);
  EXPECT_EQ(pong->payload, "hello");
  c.frame(0x1, true, std::string(300, 'a'));  // a 16-bit length
  c.frame(0x8, true, std::string("\x03\xe8", 2) + "bye");
  auto echo = c.read();
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->opcode, 0x8);
  EXPECT_EQ(close_code(*echo), 1000);
  c.hang_up();
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> l(s.handler.m);
    return s.handler.closes.size() == 1;
  }));
  std::lock_guard<std::mutex> l(s.handler.m);
  ASSERT_EQ(s.handler.messages.size(), 3u);
  EXPECT_EQ(s.handler.messages[0], R"({"x":1})");
  EXPECT_EQ(s.handler.messages[1], R"({"x":2})");
  EXPECT_EQ(s.handler.messages[2].size(), 300u);
  EXPECT_THAT(s.handler.closes[0], HasSubstr("closed by the peer (1000 bye)"));
}

TEST(WsServer, OversizedMessageClosesWith1009) {
  Running s(1000);
  Client c(s.server->port());
  c.handshake();
  c.frame(0x1, false, std::string(600, 'a'));
  c.frame(0x0, true, std::string(600, 'b'));  // 1200 bytes once reassembled
  auto f = c.read();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->opcode, 0x8);
  EXPECT_EQ(close_code(*f), 1009);
  c.hang_up();
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> l(s.handler.m);
    return s.handler.closes.size() == 1;
  }));
  std::lock_guard<std::mutex> l(s.handler.m);
  EXPECT_TRUE(s.handler.messages.empty());
  EXPECT_THAT(s.handler.closes[0], HasSubstr("longer than 1000 bytes"));
}

TEST(WsServer, StoppingClosesConnectionsWithGoingAway) {
  auto s = std::make_unique<Running>();
  Client c(s->server->port());
  c.handshake();
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> l(s->handler.m);
    return s->handler.opens == 1;
  }));
  s->stop = true;
  auto f = c.read();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->opcode, 0x8);
  EXPECT_EQ(close_code(*f), 1001);
  c.frame(0x8, true, std::string("\x03\xe9", 2));
  s.reset();  // run() returns once the close handshake is done
}

TEST(WsServer, PortInUseIsABadInputError) {
  Running s;
  WsServer::Options o;
  o.listen.port = s.server->port();
  Recording h;
  try {
    WsServer second(o, h);
    FAIL() << "a second server bound the same port";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_THAT(e.what(), HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(o.listen.port)));
    EXPECT_THAT(e.what(), HasSubstr("in use"));
  }
}

TEST(WsServer, PlainHttpGetsUpgradeRequired) {
  Running s;
  Client c(s.server->port());
  c.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  std::string head = c.read_head();
  EXPECT_THAT(head, HasSubstr("426"));
  std::lock_guard<std::mutex> l(s.handler.m);
  EXPECT_EQ(s.handler.opens, 0);
}
