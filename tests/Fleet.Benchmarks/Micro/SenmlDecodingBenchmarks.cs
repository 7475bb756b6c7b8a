using System.Buffers;
using BenchmarkDotNet.Attributes;
using Fleet.Benchmarks.Load;
using Fleet.Server.Ingestion;

namespace Fleet.Benchmarks.Micro;

/// <summary>Decoding one SenML telemetry pack, as the ingestor does for every publish.</summary>
[MemoryDiagnoser]
public class SenmlDecodingBenchmarks
{
    private const string BoxId = "LD-0001";
    private const long FirstMs = 1_700_000_000_000;
    private ReadOnlySequence<byte> _payload;

    [Params(1, 10)]
    public int ReadingsPerMessage { get; set; }

    [GlobalSetup]
    public void Setup() => _payload = new ReadOnlySequence<byte>(SenmlPayloads.Readings(BoxId, FirstMs, ReadingsPerMessage, 1000, 4.5));

    [Benchmark(Description = "SenmlDecoder.Decode, one pack")]
    public int Decode()
    {
        var pack = SenmlDecoder.Decode(_payload, BoxId, PackKind.Telemetry, FirstMs + 60_000, 300_000);
        return pack.Readings.Count;
    }
}
