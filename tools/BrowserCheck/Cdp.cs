// A minimal Chrome DevTools Protocol client: one WebSocket to a page target, commands with ids,
// events kept in arrival order. Enough to load a page and watch what it does.
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

sealed class Cdp : IAsyncDisposable
{
    readonly ClientWebSocket _ws = new();
    readonly List<JsonElement> _events = [];
    readonly Dictionary<int, TaskCompletionSource<JsonElement>> _pending = [];
    readonly CancellationTokenSource _stop = new();
    Task? _reader;
    int _nextId;

    public static async Task<Cdp> Connect(Uri page)
    {
        var c = new Cdp();
        c._ws.Options.KeepAliveInterval = TimeSpan.Zero;
        await c._ws.ConnectAsync(page, CancellationToken.None);
        c._reader = Task.Run(c.ReadLoop);
        return c;
    }

    /// <summary>Events received so far whose method is <paramref name="method"/>.</summary>
    public List<JsonElement> Events(string method)
    {
        lock (_events) return _events.Where(e => e.GetProperty("method").GetString() == method).ToList();
    }

    /// <summary>Sends a command and waits for its result (an error reply throws).</summary>
    public async Task<JsonElement> Send(string method, JsonObject? parameters = null, int timeoutMs = 30_000)
    {
        int id;
        var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending) { id = ++_nextId; _pending[id] = tcs; }
        var msg = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        await _ws.SendAsync(Encoding.UTF8.GetBytes(msg.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var done = await Task.WhenAny(tcs.Task, Task.Delay(timeoutMs));
        if (done != tcs.Task) throw new TimeoutException($"{method}: no reply in {timeoutMs} ms.");
        var reply = await tcs.Task;
        if (reply.TryGetProperty("error", out var err)) throw new InvalidOperationException($"{method}: {err.GetRawText()}");
        return reply.GetProperty("result");
    }

    /// <summary>Waits until an event of <paramref name="method"/> has arrived.</summary>
    public async Task WaitFor(string method, int timeoutMs = 30_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (Events(method).Count == 0)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"no {method} in {timeoutMs} ms.");
            await Task.Delay(20);
        }
    }

    async Task ReadLoop()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var r = await _ws.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var e = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                if (e.TryGetProperty("id", out var idProp))
                {
                    TaskCompletionSource<JsonElement>? tcs;
                    lock (_pending) _pending.Remove(idProp.GetInt32(), out tcs);
                    tcs?.TrySetResult(e);
                }
                else lock (_events) _events.Add(e);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested) { }
        catch (WebSocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); } catch (Exception) { }
        if (_reader != null) try { await _reader; } catch (Exception) { }
        _ws.Dispose();
    }
}
