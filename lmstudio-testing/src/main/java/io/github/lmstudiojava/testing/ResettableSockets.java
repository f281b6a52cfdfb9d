package io.github.lmstudiojava.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose connections can be reset: each connection remembers, on the thread that
 * reads its requests (the one MockWebServer dispatches on), that it is that thread's connection, so
 * the dispatcher can arrange for closing it to send a TCP reset instead of an orderly end.
 */
final class ResettableSockets extends ServerSocketFactory {
  private static final ThreadLocal<Socket> CURRENT = new ThreadLocal<>();

  private final int keepAliveMillis;

  /**
   * Server sockets whose connections close after a quiet time, as LM Studio's Node server closes a
   * kept-alive connection 5 s after its last response ({@code keepAliveTimeout}).
   *
   * @param keepAliveMillis how long a connection may wait for its next request; 0 for ever
   */
  ResettableSockets(int keepAliveMillis) {
    this.keepAliveMillis = keepAliveMillis;
  }

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
    return new Server(keepAliveMillis);
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    ServerSocket server = new Server(keepAliveMillis);
    server.bind(new java.net.InetSocketAddress(port));
    return server;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    ServerSocket server = new Server(keepAliveMillis);
    server.bind(new java.net.InetSocketAddress(port), backlog);
    return server;
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    ServerSocket server = new Server(keepAliveMillis);
    server.bind(new java.net.InetSocketAddress(address, port), backlog);
    return server;
  }

  private static final class Server extends ServerSocket {
    private final int keepAliveMillis;

    Server(int keepAliveMillis) throws IOException {
      this.keepAliveMillis = keepAliveMillis;
    }

    @Override
    public Socket accept() throws IOException {
      Connection socket = new Connection();
      implAccept(socket);
      // As a real server does: without it, an answer written in two parts on a kept-alive
      // connection waits for the client's delayed ACK (about 40 ms on Linux).
      socket.setTcpNoDelay(true);
      // MockWebServer reads the next request as soon as it has written a response, on the thread
      // that serves the connection; a read timeout there ends the connection with an orderly close
      // once it has been quiet that long, as Node's keep-alive timer does. Request bodies arrive
      // without pauses from the clients under test, so the timeout only ever fires between
      // requests.
      socket.setSoTimeout(keepAliveMillis);
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
          try {
            return super.read();
          } catch (SocketTimeoutException e) {
            throw closeWhenQuiet(e);
          }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          CURRENT.set(Connection.this);
          try {
            return super.read(b, off, len);
          } catch (SocketTimeoutException e) {
            throw closeWhenQuiet(e);
          }
        }
      };
    }

    /**
     * Closes the connection whose keep-alive ran out: MockWebServer stops serving it on the read
     * timeout but leaves the socket open, where Node closes it.
     */
    private SocketTimeoutException closeWhenQuiet(SocketTimeoutException e) {
      try {
        close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      return e;
    }
  }
}
