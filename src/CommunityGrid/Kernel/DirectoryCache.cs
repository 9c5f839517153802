using Microsoft.Extensions.Caching.Memory;

namespace CommunityGrid.Kernel;

/// <summary>
/// The directory — who users are (names, person, organisation, grants, security stamp), who holds which
/// post, who subscribes to which area's events — kept in memory for <see cref="Lifetime"/>: it is read on
/// every request (the session check and the caller's scope) and on every order step (who hears of it),
/// and changes rarely. Any write that changes it — a save touching users, grants or subscriptions, an
/// area move rewriting their paths, a revoked session — calls <see cref="ForgetAll"/>, which retires
/// everything cached so far at once (a new generation), including answers being loaded at that moment.
/// Another app instance's changes are seen within <see cref="Lifetime"/>.
/// </summary>
public sealed class DirectoryCache(IMemoryCache cache)
{
    /// <summary>How long a change made by another app instance (or straight in the database) may go unseen.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private long generation;

    /// <summary>The caller as last read, or read now through <paramref name="load"/>; null (not cached) when the user does not exist.</summary>
    public async Task<CallerRecord?> CallerAsync(string userId, Func<Task<CallerRecord?>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var key = Key("caller", userId);
        if (cache.TryGetValue(key, out CallerRecord? known))
        {
            return known;
        }

        var loaded = await load();
        if (loaded is not null)
        {
            Keep(key, loaded);
        }

        return loaded;
    }

    /// <summary>A small list read from the directory (who holds a post at a node, the active subscriptions), cached like a caller.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string name, Func<Task<List<T>>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var key = Key("list:" + typeof(T).Name, name);
        if (cache.TryGetValue(key, out IReadOnlyList<T>? known) && known is not null)
        {
            return known;
        }

        IReadOnlyList<T> loaded = await load();
        Keep(key, loaded);
        return loaded;
    }

    /// <summary>The directory changed: nothing cached before this moment is answered again.</summary>
    public void ForgetAll() => Interlocked.Increment(ref generation);

    private string Key(string kind, string id) => $"caller-cache:{Interlocked.Read(ref generation)}:{kind}:{id}";

    private void Keep(string key, object value)
    {
        // The generation in the key was read before the load began: a load that raced a change is filed
        // under the retired generation and never answered.
        using var entry = cache.CreateEntry(key);
        entry.AbsoluteExpirationRelativeToNow = Lifetime;
        entry.Size = 1;
        entry.Value = value;
    }
}
