using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LanguageInterpolation.Tests.Support;

/// <summary>What <see cref="LoopbackHttpServer"/> answers to one request.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Body">Response body bytes.</param>
/// <param name="Delay">Wait before answering (to provoke client time-outs).</param>
public sealed record LoopbackResponse(int Status, byte[] Body, TimeSpan Delay = default)
{
    /// <summary>A 404 with a short body.</summary>
    public static LoopbackResponse NotFound { get; } = new(404, "not found"u8.ToArray());

    /// <summary>A 200 with UTF-8 text.</summary>
    public static LoopbackResponse Text(string text) => new(200, Encoding.UTF8.GetBytes(text));
}

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 (a free port chosen by the OS), one request per connection,
/// for testing HTTP client code without mocks. The handler maps a request path to a response; every
/// request path is recorded in arrival order.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, LoopbackResponse> _handler;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private bool _stopped;

    /// <summary>Starts listening at once.</summary>
    public LoopbackHttpServer(Func<string, LoopbackResponse> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The port listened on.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Paths of the requests received so far, in order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>A port on 127.0.0.1 that nothing listens on (connections are refused).</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Stops listening; later connections are refused.</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                string path = await ReadRequestPathAsync(stream);
                _requests.Enqueue(path);
                LoopbackResponse response = _handler(path);
                if (response.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(response.Delay, _stop.Token);
                }
                string head = $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n"
                    + $"Content-Length: {response.Body.Length}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(response.Body, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception error) when (error is IOException or OperationCanceledException or SocketException)
            {
                // The client went away or the server stopped.
            }
        }
    }

    private static async Task<string> ReadRequestPathAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("Connection closed before the request head ended.");
            }
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        // Request line: "GET /path HTTP/1.1".
        string[] requestLine = head.ToString()[..head.ToString().IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
        return requestLine[1];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
