namespace Fleet.Server.Storage.Chain;

/// <summary>The newest link of a box's chain: its number and hash.</summary>
public readonly record struct ChainHead(long Seq, string Hash)
{
    /// <summary>Before a box's first link.</summary>
    public static readonly ChainHead Empty = new(0, ChainCanonical.Genesis);
}
