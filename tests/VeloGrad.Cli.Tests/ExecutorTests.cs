using System.Text.Json;

namespace VeloGrad.Cli.Tests;

/// <summary>The same comparison through the local executor and through a real (single-node) Slurm cluster gives
/// the same table; a Kubernetes Indexed Job manifest names every planned run.</summary>
public sealed class ExecutorTests(SlurmCluster cluster) : WithTemporaryFolder, IClassFixture<SlurmCluster>
{
    private static string[] Compare(string output, params string[] extra) =>
        ["compare", "--dataset", "synthetic", "--train-limit", "96", "--test-limit", "32", "--model", "small-cnn", "--batch-size", "32",
         "--epochs", "2", "--seed", "5", "--seeds", "2", "--optimizers", "velograd", "adam", "--out", output, .. extra];

    /// <summary>comparison.csv without its time columns: runs are deterministic, their durations are not.</summary>
    private static string[] TableWithoutTimes(string folder) =>
        [.. File.ReadAllLines(Path.Combine(folder, "comparison.csv")).Select(line => string.Join(',', line.Split(',')[..^2]))];

    [Fact]
    [Trait("Category", "Integration")]
    public void A_comparison_on_Slurm_gives_the_table_of_the_local_executor_and_resubmits_only_what_is_unfinished()
    {
        if (cluster.Unavailable is { } why) Assert.Skip(why);
        using var invocation = new BuiltVelograd();
        // A space in the folder: the batch script quotes every path it names.
        string local = Path.Combine(Folder, "local"), slurm = Path.Combine(Folder, "slurm runs");
        var (localExit, _, localError) = CliRun.Invoke(Compare(local));
        Assert.True(localExit == 0, localError);

        var (exitCode, text, error) = CliRun.Invoke(Compare(slurm, "--executor", "slurm", "--slurm-cpus", "1", "--parallel", "2"));
        Assert.True(exitCode == 0, $"{text}\n{error}\n{string.Join("\n", Directory.GetFiles(Path.Combine(slurm, "slurm", "logs")).Select(File.ReadAllText))}");
        string firstJob = JobId(slurm);
        Assert.Contains("Submitted Slurm job", text, StringComparison.Ordinal);
        Assert.Contains("finished 4/4, running 0, pending 0, failed 0", text, StringComparison.Ordinal);
        // No run failed, so no progress line may say one did (a running task looked gone when matched by its own job id).
        Assert.DoesNotMatch(@"failed [1-9]", text);
        string script = File.ReadAllText(Path.Combine(slurm, "slurm", "runs.sbatch"));
        Assert.Contains("#SBATCH --array=0,1,2,3%2", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --cpus-per-task=1", script, StringComparison.Ordinal);
        Assert.Contains("export OMP_NUM_THREADS=\"${OMP_NUM_THREADS:-$SLURM_CPUS_PER_TASK}\"", script, StringComparison.Ordinal);
        Assert.Equal(TableWithoutTimes(local), TableWithoutTimes(slurm));

        // Submitting again runs only what is unfinished: here nothing.
        (exitCode, text, _) = CliRun.Invoke(Compare(slurm, "--executor", "slurm", "--resume"));
        Assert.Equal(0, exitCode);
        Assert.Contains("Every planned run is finished.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Submitted", text, StringComparison.Ordinal);

        // A run lost after the job: the resubmission runs it alone and keeps the first attempt's log beside its own.
        var adamSeed6 = Directory.GetDirectories(Path.Combine(slurm, "runs"), "adam*").Single();
        Directory.Delete(Path.Combine(adamSeed6, "seed-6"), recursive: true);
        (exitCode, text, error) = CliRun.Invoke(Compare(slurm, "--executor", "slurm", "--slurm-cpus", "1", "--resume"));
        Assert.True(exitCode == 0, text + error);
        Assert.Contains("Submitted Slurm job", text, StringComparison.Ordinal);
        Assert.Contains(": 1 of 4 runs", text, StringComparison.Ordinal);
        string secondJob = JobId(slurm);
        Assert.NotEqual(firstJob, secondJob);
        Assert.True(File.Exists(Path.Combine(slurm, "slurm", "logs", $"run-3.job-{firstJob}.out")), "the first attempt's log was lost");
        Assert.True(File.Exists(Path.Combine(slurm, "slurm", "logs", $"run-3.job-{secondJob}.out")));
        Assert.Equal(TableWithoutTimes(local), TableWithoutTimes(slurm));
    }

    private static string JobId(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "slurm", "job.json")));
        return json.RootElement.GetProperty("job_id").GetString()!;
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_job_Slurm_can_never_start_is_reported_with_its_reason_and_cancelled()
    {
        if (cluster.Unavailable is { } why) Assert.Skip(why);
        using var invocation = new BuiltVelograd();
        string output = Path.Combine(Folder, "too-big");
        // More CPUs per run than the node has: Slurm queues the job and holds it with reason PartitionConfig.
        var (exitCode, text, error) = CliRun.Invoke(Compare(output, "--executor", "slurm", "--slurm-cpus", "999"));
        Assert.True(exitCode == 1, text + error);
        string job = JobId(output);
        Assert.Contains($"error: Slurm will never start job {job}: its runs wait with reason PartitionConfig", error, StringComparison.Ordinal);
        Assert.Contains("The job is cancelled. Ask for less per run (--slurm-cpus, --slurm-gpus, --slurm-time) or choose another --slurm-partition", error, StringComparison.Ordinal);
        Assert.Empty(SlurmCluster.Queue(job)); // nothing left queued that nobody asked for
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Resuming_while_the_earlier_job_is_queued_follows_it_instead_of_submitting_the_runs_again()
    {
        if (cluster.Unavailable is { } why) Assert.Skip(why);
        using var invocation = new BuiltVelograd();
        string output = Path.Combine(Folder, "held");
        // Held: the job stays queued until released, as a busy cluster would keep it.
        var (exitCode, text, error) = CliRun.Invoke(Compare(output, "--executor", "slurm", "--slurm-cpus", "1", "--no-wait", "--slurm-option=--hold"));
        Assert.True(exitCode == 0, text + error);
        string job = JobId(output);
        Assert.Equal(4, SlurmCluster.Queue(job).Count);

        // Without --resume the live job is a conflict; with it, the job is followed, not submitted again.
        (exitCode, _, error) = CliRun.Invoke(Compare(output, "--executor", "slurm", "--slurm-cpus", "1", "--no-wait"));
        Assert.Equal(1, exitCode);
        Assert.Contains($"has Slurm job {job} still queued or running (4 of its runs): --resume continues it, or choose another --out.", error, StringComparison.Ordinal);
        (exitCode, text, error) = CliRun.Invoke(Compare(output, "--executor", "slurm", "--slurm-cpus", "1", "--no-wait", "--resume"));
        Assert.True(exitCode == 0, text + error);
        Assert.Contains($"Slurm job {job}, submitted", text, StringComparison.Ordinal);
        Assert.Contains("still holds 4 of its 4 runs: following it instead of submitting them again.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Submitted", text, StringComparison.Ordinal);
        Assert.Equal(4, SlurmCluster.Queue(job).Count);

        SlurmCluster.Release(job);
        (exitCode, text, error) = CliRun.Invoke(Compare(output, "--executor", "slurm", "--slurm-cpus", "1", "--resume"));
        Assert.True(exitCode == 0, text + error);
        Assert.DoesNotContain("Submitted", text, StringComparison.Ordinal);
        Assert.Contains($"slurm job {job}: finished 4/4, running 0, pending 0, failed 0", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"failed [1-9]", text);
        Assert.Equal(job, JobId(output));
        Assert.Equal(4, Directory.GetFiles(Path.Combine(output, "slurm", "logs")).Length); // each run ran once
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_tuning_on_Slurm_makes_the_choices_and_the_final_table_of_the_local_executor()
    {
        if (cluster.Unavailable is { } why) Assert.Skip(why);
        using var invocation = new BuiltVelograd();
        static string[] Tune(string output, params string[] extra) =>
            ["tune", "--dataset", "synthetic", "--train-limit", "96", "--test-limit", "32", "--model", "small-cnn", "--batch-size", "32", "--seed", "5",
             "--optimizers", "velograd", "sgd", "--grid-points", "3", "--tune-epochs", "1", "--tune-seeds", "1", "--epochs", "1", "--seeds", "2", "--out", output, .. extra];
        static string Choices(string folder)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tuning.json")));
            return string.Join(" ", json.RootElement.GetProperty("optimizers").EnumerateArray().Select(o => o.GetProperty("chosen_spec").GetString()));
        }
        {
            string local = Path.Combine(Folder, "tune-local"), slurm = Path.Combine(Folder, "tune-slurm");
            var (localExit, _, localError) = CliRun.Invoke(Tune(local));
            Assert.True(localExit == 0, localError);
            var (exitCode, text, error) = CliRun.Invoke(Tune(slurm, "--executor", "slurm", "--slurm-cpus", "1", "--parallel", "2"));
            Assert.True(exitCode == 0, $"{text}\n{error}");
            Assert.Contains("finished 6/6, running 0, pending 0, failed 0", text, StringComparison.Ordinal); // the trials
            Assert.Contains("finished 4/4, running 0, pending 0, failed 0", text, StringComparison.Ordinal); // the final runs
            Assert.DoesNotMatch(@"failed [1-9]", text);
            Assert.Equal(Choices(local), Choices(slurm));
            Assert.Equal(TableWithoutTimes(Path.Combine(local, "final")), TableWithoutTimes(Path.Combine(slurm, "final")));
        }
    }

    [Theory]
    [InlineData("--k8s-image", "my image:1", "--k8s-image: 'my image:1' is not a container image reference")]
    [InlineData("--k8s-image", "https://registry.example/velograd:1", "is not a container image reference")]
    [InlineData("--k8s-volume-claim", "My_Results", "--k8s-volume-claim: 'My_Results' is not a PersistentVolumeClaim's name")]
    public void A_Kubernetes_image_or_claim_that_cannot_be_is_refused_before_anything_is_written(string option, string value, string message)
    {
        string output = Path.Combine(Folder, "k8s-bad");
        string[] settings = ["--k8s-image", "registry.example/velograd:1", "--k8s-volume-claim", "results"];
        settings[Array.IndexOf(settings, option) + 1] = value;
        var (exitCode, _, error) = CliRun.Invoke(Compare(output, ["--executor", "kubernetes", .. settings]));
        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "kubernetes", "job.json")));
    }

    [Fact]
    public void The_Kubernetes_executor_writes_an_indexed_job_for_every_planned_run()
    {
        string output = Path.Combine(Folder, "k8s");
        var (exitCode, text, error) = CliRun.Invoke(Compare(output, "--executor", "kubernetes", "--k8s-image", "registry.example/velograd:1", "--k8s-volume-claim", "results", "--parallel", "3"));
        Assert.True(exitCode == 0, error);
        Assert.Contains("kubectl apply -f", text, StringComparison.Ordinal);
        using var job = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "kubernetes", "job.json")));
        var spec = job.RootElement.GetProperty("spec");
        Assert.Equal("Job", job.RootElement.GetProperty("kind").GetString());
        Assert.Equal("Indexed", spec.GetProperty("completionMode").GetString());
        Assert.Equal(4, spec.GetProperty("completions").GetInt32());
        Assert.Equal(3, spec.GetProperty("parallelism").GetInt32());
        var pod = spec.GetProperty("template").GetProperty("spec");
        var container = pod.GetProperty("containers")[0];
        Assert.Equal("registry.example/velograd:1", container.GetProperty("image").GetString());
        // Compute threads as many as the CPUs it requests (a pod sees every core of its node).
        string cpus = container.GetProperty("resources").GetProperty("requests").GetProperty("cpu").GetString()!;
        Assert.Contains(container.GetProperty("env").EnumerateArray(), e => e.GetProperty("name").GetString() == "OMP_NUM_THREADS" && e.GetProperty("value").GetString() == cpus);
        Assert.Equal(["velograd", "execute", "/results", "--index", "$(JOB_COMPLETION_INDEX)"], container.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("results", pod.GetProperty("volumes")[0].GetProperty("persistentVolumeClaim").GetProperty("claimName").GetString());
        Assert.True(File.Exists(Path.Combine(output, "plan.json")));
        Assert.False(Directory.Exists(Path.Combine(output, "runs")), "Writing the manifest runs nothing.");
        // Like every executor, it records how the experiment was made: handed off, so not ended; the build's commit.
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest.json"))))
        {
            Assert.False(manifest.RootElement.TryGetProperty("ended_at", out var ended) && ended.ValueKind != JsonValueKind.Null, "a handed-off experiment has not ended");
            Assert.Equal(RunIdentity.BuildCommit, manifest.RootElement.GetProperty("git_commit").GetString());
            Assert.Equal(4, manifest.RootElement.GetProperty("optimizer_folders").GetArrayLength() * manifest.RootElement.GetProperty("seeds").GetArrayLength());
        }

        // What each pod runs: the planned run by index, idempotently.
        (exitCode, text, error) = CliRun.Invoke("execute", output, "--index", "3");
        Assert.True(exitCode == 0, error);
        Assert.Contains("run 3 of 4: Adam seed 6", text, StringComparison.Ordinal);
        (exitCode, text, _) = CliRun.Invoke("execute", output, "--index", "3");
        Assert.Equal(0, exitCode);
        Assert.Contains("already completed", text, StringComparison.Ordinal);
    }
}

/// <summary>Points $VELOGRAD_COMMAND at this build's velograd, so that Slurm tasks run the code under test, until disposed.</summary>
internal sealed class BuiltVelograd : IDisposable
{
    public BuiltVelograd()
    {
        string built = Path.GetDirectoryName(typeof(VelogradCommandLine).Assembly.Location)!;
        Environment.SetEnvironmentVariable(VelogradInvocation.Variable, $"'{Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet"}' '{Path.Combine(built, "VeloGrad.Cli.dll")}'");
    }

    public void Dispose() => Environment.SetEnvironmentVariable(VelogradInvocation.Variable, null);
}
