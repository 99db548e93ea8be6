#include "net/osc_sender.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

using namespace lw::net;

// The datagram, decoded by hand (OSC 1.0: padded address, padded ",ffff",
// big-endian float32 arguments).
TEST(OscSender, SendsFloatMessagesAUdpSocketDecodes) {
  int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  ASSERT_EQ(::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len), 0);
  timeval tv{5, 0};
  ::setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  OscSender osc({"127.0.0.1", ntohs(a.sin_port)});
  ASSERT_TRUE(osc.send("/walk/w1", {1.5f, 1.6f, -3.0f, 350.0f}));
  EXPECT_EQ(osc.sent(), 1u);
  unsigned char buf[256];
  ssize_t n = ::recv(s, buf, sizeof buf, 0);
  ::close(s);
  ASSERT_EQ(n, 12 + 8 + 16);  // "/walk/w1" + NUL padded to 12, ",ffff" padded to 8, 4 floats
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf)), "/walk/w1");
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf + 12)), ",ffff");
  float want[] = {1.5f, 1.6f, -3.0f, 350.0f};
  for (int i = 0; i < 4; ++i) {
    std::uint32_t be;
    std::memcpy(&be, buf + 20 + 4 * i, 4);
    std::uint32_t bits = ntohl(be);
    float v;
    std::memcpy(&v, &bits, 4);
    EXPECT_EQ(v, want[i]);
  }
}
