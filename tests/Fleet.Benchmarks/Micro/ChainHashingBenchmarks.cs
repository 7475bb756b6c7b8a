using BenchmarkDotNet.Attributes;
using Fleet.Server.Storage;
using Fleet.Server.Storage.Chain;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// What the hash chain adds to the single writer for each stored pack: the canonical lines of its
/// records, their SHA-256 and the link's SHA-256 (docs/evidence.md). The link's INSERT rides in the
/// group commit's transaction and is part of StoreBatchingBenchmarks' figures.
/// </summary>
[MemoryDiagnoser]
public class ChainHashingBenchmarks
{
    private const string Previous = "5c1e0bd9a4e34c1e8d2ab3a0c9f1b2e7d6c5b4a39281706f5e4d3c2b1a098765";
    private Reading[] _readings = [];

    [Params(1, 10, 100)]
    public int ReadingsPerPack { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _readings = new Reading[ReadingsPerPack];
        for (var i = 0; i < ReadingsPerPack; i++)
        {
            var t = 1_700_000_000_000 + (i * 30_000L);
            _readings[i] = new Reading("BX-0001", "c" + ((i % 4) + 1), t, 4.5 + (i * 0.1), t + 40);
        }
    }

    [Benchmark(Description = "content hash + link hash of one pack")]
    public string LinkOnePack()
    {
        var content = ChainCanonical.ContentHash(_readings, StoredBatch.NoEvents);
        return ChainCanonical.LinkHash("BX-0001", 42, Previous, content);
    }
}
