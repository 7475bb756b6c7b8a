using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Fleet.Server.Storage.Influx;

/// <summary>InfluxDB's v1 HTTP API, which 1.x, 2.x (DBRP) and 3.x all serve: /ping, /write (gzip), /query.</summary>
internal sealed class InfluxHttp(HttpClient http, InfluxOptions options)
{
    private readonly string _writePath = "write?precision=ms&db=" + Uri.EscapeDataString(options.Database)
        + (options.RetentionPolicy.Length > 0 ? "&rp=" + Uri.EscapeDataString(options.RetentionPolicy) : "");

    public static HttpClient CreateClient(InfluxOptions options)
    {
        var client = new HttpClient
        {
            BaseAddress = new Uri(options.Url.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        };
        if (options.Token.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", options.Token);
        }
        else if (options.Username.Length > 0)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password));
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        return client;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("ping", cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.NoContent || response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Writes lines in one gzip request; throws <see cref="InfluxWriteException"/> with whether a retry can help.</summary>
    public async Task WriteAsync(string lines, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        await using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(lines), cancellationToken).ConfigureAwait(false);
        }

        body.Position = 0;
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        content.Headers.ContentEncoding.Add("gzip");
        using var response = await http.PostAsync(_writePath, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            // 400 is a point InfluxDB will never take (a field type conflict): retrying would stall the spool forever.
            throw new InfluxWriteException($"InfluxDB /write answered {(int)response.StatusCode}: {detail}", retryable: response.StatusCode != HttpStatusCode.BadRequest);
        }
    }

    /// <summary>Runs InfluxQL (epoch=ms) and returns the first statement's series, or throws its error.</summary>
    public async Task<JsonDocument> QueryAsync(string influxQl, bool write, CancellationToken cancellationToken)
    {
        var path = "query?epoch=ms&db=" + Uri.EscapeDataString(options.Database) + "&q=" + Uri.EscapeDataString(influxQl);
        using var response = write
            ? await http.PostAsync(path, null, cancellationToken).ConfigureAwait(false)
            : await http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var error = document.RootElement.TryGetProperty("error", out var top) ? top.GetString() : null;
        if (error is null && document.RootElement.TryGetProperty("results", out var results))
        {
            foreach (var result in results.EnumerateArray())
            {
                if (result.TryGetProperty("error", out var statementError))
                {
                    error = statementError.GetString();
                    break;
                }
            }
        }

        if (error is not null || !response.IsSuccessStatusCode)
        {
            document.Dispose();
            throw new InvalidOperationException($"InfluxDB /query answered {(int)response.StatusCode}: {error}");
        }

        return document;
    }
}
