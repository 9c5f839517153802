using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace CommunityGrid.FaultTests;

/// <summary>
/// The built app (src/CommunityGrid/bin/…/CommunityGrid.dll) run by <c>dotnet</c> as a process of
/// its own on a free port of 127.0.0.1, with its settings in environment variables and its output in
/// a log file. <see cref="Kill"/> ends it the way a power cut would (SIGKILL), by the PID this class
/// started; nothing else is ever stopped.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string DemoPassword = "Demo@12345";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly Process process;

    private AppProcess(Process process, int port, string log)
    {
        this.process = process;
        Port = port;
        LogFile = log;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }
    public int Pid => process.Id;
    public string LogFile { get; }
    public bool HasExited => process.HasExited;
    /// <summary>Anonymous; every request carries its own headers.</summary>
    public HttpClient Client { get; }

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CommunityGrid.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("CommunityGrid.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The app's build output of the same configuration as this test build (it holds appsettings.json).</summary>
    public static string AppDirectory
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(RepositoryRoot, "src", "CommunityGrid", "bin", configuration, "net10.0");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command of the app (bootstrap-admin, backup, restore) to its end; returns the exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(IDictionary<string, string> settings, string? input, TimeSpan timeout, params string[] args)
    {
        using var p = Process.Start(StartInfo(settings, args)) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await p.StandardInput.WriteLineAsync(input);
        }

        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            throw new TimeoutException($"The command {string.Join(' ', args)} did not end within {timeout}.");
        }

        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts the app and waits until /health answers 200.</summary>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string> settings, string logFile)
    {
        var port = FreePort();
        var all = new Dictionary<string, string>(settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        var process = Process.Start(StartInfo(all, [])) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        var app = new AppProcess(process, port, logFile);
        var until = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} while starting; see {logFile}.");
            }

            try
            {
                using var health = await app.Client.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy seeding.
            }

            await Task.Delay(250);
        }

        app.Kill();
        throw new TimeoutException($"The app did not answer /health within {StartTimeout}; see {logFile}.");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The test is over.
            }
        }
    }

    private static ProcessStartInfo StartInfo(IDictionary<string, string> settings, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppDirectory, "CommunityGrid.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // The test run's own settings must not leak into the app.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("CG_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (k, v) in settings)
        {
            start.Environment[k] = v;
        }

        return start;
    }

    /// <summary>kill -9 of the process this instance started.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit(10_000);
        }
    }

    public async Task<HttpClient> ClientForAsync(string userName, string password = DemoPassword)
    {
        using var response = await Client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var client = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        process.Dispose();
        await Task.CompletedTask;
    }
}
