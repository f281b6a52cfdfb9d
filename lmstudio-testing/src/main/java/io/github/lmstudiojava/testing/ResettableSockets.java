package io.github.lmstudiojava.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose connections can be reset: each connection remembers, on the thread that
 * reads its requests (the one MockWebServer dispatches on), that it is that thread's connection, so
 * the dispatcher can arrange for closing it to send a TCP reset instead of an orderly end.
 */
final class ResettableSockets extends ServerSocketFactory {
  private static final ThreadLocal<Socket> CURRENT = new ThreadLocal<>();

  /** Makes closing the connection the current request arrived on send a TCP reset (RST). */
  static void resetOnClose() {
    Socket socket = CURRENT.get();
    if (socket == null) {
      throw new IllegalStateException("no connection is being served on this thread");
    }
    try {
      // Linger on, with a zero timeout: close() discards unsent data and sends RST.
      socket.setSoLinger(true, 0);
    } catch (SocketException e) {
      // Already closed by the client: there is nothing left to reset.
    }
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new Server();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket server = new Server();
    server.bind(new java.net.InetSocketAddress(port));
    return server;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket server = new Server();
    server.bind(new java.net.InetSocketAddress(port), backlog);
    return server;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    ServerSocket server = new Server();
    server.bind(new java.net.InetSocketAddress(address, port), backlog);
    return server;
  }

  private static final class Server extends ServerSocket {
    Server() throws IOException {}

    @Override
    public Socket accept() throws IOException {
      Connection socket = new Connection();
      implAccept(socket);
      // As a real server does: without it, an answer written in two parts on a kept-alive
      // connection waits for the client's delayed ACK (about 40 ms on Linux).
      socket.setTcpNoDelay(true);
      return socket;
    }
  }

  /** A connection that marks itself current on the thread reading from it. */
  private static final class Connection extends Socket {
    @Override
    public InputStream getInputStream() throws IOException {
      return new FilterInputStream(super.getInputStream()) {
        @Override
        public int read() throws IOException {
          CURRENT.set(Connection.this);
          return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          CURRENT.set(Connection.this);
          return super.read(b, off, len);
        }
      };
    }
  }
}
