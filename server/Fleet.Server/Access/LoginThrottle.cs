using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Access;

/// <summary>
/// Counts failed sign-ins per user name and per client address within a window; past the limit,
/// that name or address is refused until the lockout after its last failure ends, whatever the
/// password. A success clears the user name's count (not the address's: one good account must not
/// launder guesses against others).
/// </summary>
public sealed class LoginThrottle(IOptions<AccessOptions> options, TimeProvider time)
{
    private const int PruneAbove = 10_000;
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>True when the name or the address is locked out now.</summary>
    public bool IsLockedOut(string userName, string? address)
    {
        var now = time.GetUtcNow();
        return IsLocked(UserKey(userName), options.Value.MaxFailuresPerUser, now)
            || (address is not null && IsLocked(AddressKey(address), options.Value.MaxFailuresPerAddress, now));
    }

    public void Failed(string userName, string? address)
    {
        var now = time.GetUtcNow();
        if (_failures.Count > PruneAbove)
        {
            Prune(now);
        }

        Record(UserKey(userName), now);
        if (address is not null)
        {
            Record(AddressKey(address), now);
        }
    }

    public void Succeeded(string userName) => _failures.TryRemove(UserKey(userName), out _);

    private static string UserKey(string userName) => "user:" + userName.ToUpperInvariant();

    private static string AddressKey(string address) => "address:" + address;

    private void Record(string key, DateTimeOffset now)
    {
        var failures = _failures.GetOrAdd(key, _ => new Failures());
        lock (failures)
        {
            failures.Times.Enqueue(now);
            Expire(failures, now);
            // Only the count up to the limit and the latest time matter; a flood must not grow memory.
            while (failures.Times.Count > MaxRemembered)
            {
                failures.Times.Dequeue();
            }
        }
    }

    private bool IsLocked(string key, int max, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var failures))
        {
            return false;
        }

        lock (failures)
        {
            Expire(failures, now);
            return failures.Times.Count >= max
                && failures.Times.Count > 0
                && now - LastOf(failures) < TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        }
    }

    // Failures older than the window no longer count, except while a lockout they caused still runs.
    private void Expire(Failures failures, DateTimeOffset now)
    {
        var window = TimeSpan.FromMinutes(Math.Max(options.Value.FailureWindowMinutes, options.Value.LockoutMinutes));
        while (failures.Times.Count > 0 && now - failures.Times.Peek() > window)
        {
            failures.Times.Dequeue();
        }
    }

    private static DateTimeOffset LastOf(Failures failures)
    {
        var last = DateTimeOffset.MinValue;
        foreach (var t in failures.Times)
        {
            last = t;
        }

        return last;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Times.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Failures
    {
        public Queue<DateTimeOffset> Times { get; } = new();
    }
}
