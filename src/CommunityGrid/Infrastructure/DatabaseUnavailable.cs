using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunityGrid.Infrastructure;

/// <summary>
/// Tells "the database cannot be reached right now" (a stopped or restarting PostgreSQL server, a
/// broken connection, a server refusing new connections) from a defect, so the caller gets 503
/// <c>database_unavailable</c> and may retry, and the app recovers by itself once the server is
/// back (Npgsql drops broken connections from its pool). EF wraps these in DbUpdateException and
/// its retry strategy's exceptions: the whole chain is searched.
/// </summary>
internal static class DatabaseUnavailable
{
    public const string Code = "database_unavailable";

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p:
                    // 08: connection exception; 57P01-03: shutting down / cannot connect now; 53300: too many connections.
                    if (p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "53300")
                    {
                        return true;
                    }

                    return false;
                case NpgsqlException n when n.IsTransient || n.InnerException is SocketException or IOException or TimeoutException:
                    return true;
                case SqliteException s when s.SqliteErrorCode is 5 or 6 or 14:
                    // Busy or locked past busy_timeout, or the file cannot be opened.
                    return true;
                case SocketException:
                    return true;
            }
        }

        return false;
    }
}
