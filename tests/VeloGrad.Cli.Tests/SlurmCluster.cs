using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VeloGrad.Cli.Tests;

/// <summary>
/// A single-node Slurm cluster on this machine for the tests that need one: munged and slurmctld/slurmd with a
/// slurm.conf in a temporary folder (daemons as root, proctrack/linuxproc, task/none, select/cons_tres), started
/// for the test class and stopped by their PIDs afterwards. Where Slurm is not installed or the tests do not run
/// as root, <see cref="Unavailable"/> says why (the tests then skip, saying so).
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("velograd-slurm-").FullName;
    private readonly List<string> _pidFiles = [];

    public SlurmCluster()
    {
        string? missing = new[] { "munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo" }.FirstOrDefault(c => Which(c) is null);
        if (missing is not null)
        {
            Unavailable = $"Slurm is not installed ({missing} not found): apt-get install slurmctld slurmd slurm-client munge (.ci/run does).";
            return;
        }
        if (Environment.UserName != "root")
        {
            Unavailable = "The Slurm tests start slurmctld and slurmd as root; these tests do not run as root.";
            return;
        }
        try
        {
            Start();
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            Dispose();
            throw new InvalidOperationException($"Slurm is installed but the test cluster did not start: {e.Message}", e);
        }
    }

    /// <summary>Why there is no cluster, or null when there is one.</summary>
    public string? Unavailable { get; }

    public string ConfigFile => Path.Combine(_folder, "slurm.conf");

    private void Start()
    {
        string host = Environment.MachineName;
        foreach (var sub in new[] { "state", "spool", "log", "munge" }) Directory.CreateDirectory(Path.Combine(_folder, sub));
        string socket = Path.Combine(_folder, "munge", "munge.socket");
        File.WriteAllText(ConfigFile, $"""
            ClusterName=velograd-test
            SlurmctldHost={host}
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            AuthInfo=socket={socket}
            StateSaveLocation={_folder}/state
            SlurmdSpoolDir={_folder}/spool
            SlurmctldPidFile={_folder}/slurmctld.pid
            SlurmdPidFile={_folder}/slurmd.pid
            SlurmctldLogFile={_folder}/log/slurmctld.log
            SlurmdLogFile={_folder}/log/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            MpiDefault=none
            ReturnToService=2
            JobCompType=jobcomp/none
            AccountingStorageType=accounting_storage/none
            NodeName={host} CPUs={Environment.ProcessorCount} State=UNKNOWN
            PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP
            """);
        Environment.SetEnvironmentVariable("SLURM_CONF", ConfigFile); // for sbatch and squeue, here and in jobs
        Run("munged", "--force", $"--socket={socket}", $"--pid-file={_folder}/munge/munged.pid", $"--log-file={_folder}/munge/munged.log", $"--seed-file={_folder}/munge/seed");
        _pidFiles.Add($"{_folder}/munge/munged.pid");
        Run("slurmctld", "-f", ConfigFile);
        _pidFiles.Add($"{_folder}/slurmctld.pid");
        Run("slurmd", "-f", ConfigFile);
        _pidFiles.Add($"{_folder}/slurmd.pid");
        var clock = Stopwatch.StartNew();
        while (!Run("sinfo", "-h", "-o", "%T").Contains("idle", StringComparison.Ordinal))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"the node did not become idle within a minute; see {_folder}/log");
            Thread.Sleep(500);
        }
    }

    public void Dispose()
    {
        // Stop what this fixture started, by PID, newest first.
        foreach (var pidFile in Enumerable.Reverse(_pidFiles))
        {
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(10_000);
            }
            catch (ArgumentException) { /* already gone */ }
            catch (InvalidOperationException) { /* already gone */ }
        }
        if (Unavailable is null) Environment.SetEnvironmentVariable("SLURM_CONF", null);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* a daemon still closing a log */ }
    }

    /// <summary>The array tasks of <paramref name="jobId"/> still queued: "index state" lines.</summary>
    public static IReadOnlyList<string> Queue(string jobId) =>
        [.. Run("squeue", "-h", "-r", "-o", "%A %K %T").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ')).Where(p => p[0] == jobId).Select(p => $"{p[1]} {p[2]}")];

    /// <summary>Releases a job submitted with --hold.</summary>
    public static void Release(string jobId) => Run("scontrol", "release", jobId);

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static string? Which(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"])
            .Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);

    private static string Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(Which(command) ?? command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new IOException($"{command} {string.Join(' ', arguments)} failed: {output.Trim()}");
        return output;
    }
}
