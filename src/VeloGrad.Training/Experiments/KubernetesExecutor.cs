using System.Text.Json;
using System.Text.Json.Nodes;

namespace VeloGrad.Training.Experiments;

/// <summary>
/// Hands a plan to Kubernetes as an Indexed Job: one completion per planned run, each pod executing
/// <c>velograd execute /results --index $(JOB_COMPLETION_INDEX)</c> on a shared volume that holds OUT (plan.json
/// and the run folders). Written as OUT/kubernetes/job.json (kubectl takes JSON as it takes YAML), to apply.
/// </summary>
/// <param name="image">A container image with velograd on its PATH (e.g. built from the .NET tool).</param>
/// <param name="volumeClaim">The PersistentVolumeClaim that holds OUT, mounted at /results.</param>
/// <param name="parallel">At most this many pods at once (null: every run at once).</param>
/// <param name="cpus">CPUs each pod requests.</param>
/// <param name="say">Where the executor says what it wrote and what to do with it.</param>
public sealed class KubernetesExecutor(string image, string volumeClaim, int? parallel, int cpus, Action<string> say) : IPlanExecutor
{
    public const string MountPath = "/results";

    public PlanExecution Execute(RunPlan plan, ExperimentFolder folder, bool resume, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        string path = Write(plan, folder);
        say($"Wrote {path}: copy {folder} onto the volume {volumeClaim}, then kubectl apply -f {path}; when the job is done, velograd report on the folder.");
        return new PlanExecution(PlanOutcome.HandedOff, plan.BaseConfig.Dataset, []);
    }

    /// <summary>The job's name from the output folder: a DNS label, as Kubernetes requires (lowercase letters, digits and
    /// '-', starting and ending with a letter or digit, at most 63 characters), made of the folder's name (with its
    /// experiment's for a tuning's own subfolders, which every tune shares) and a hash of its whole path, so that two
    /// experiments never share a job name in a namespace, however alike their folders' names.</summary>
    public static string JobName(string outputFolder)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder));
        string leaf = Path.GetFileName(full), parent = Path.GetFileName(Path.GetDirectoryName(full) ?? "");
        string readable = leaf is ExperimentFolder.TuningFolderName or ExperimentFolder.FinalFolderName && parent.Length > 0 ? $"{parent}-{leaf}" : leaf;
        var cleaned = new System.Text.StringBuilder("velograd-");
        foreach (char ch in readable.ToLowerInvariant())
        {
            char c = char.IsAsciiLetterOrDigit(ch) ? ch : '-';
            if (c != '-' || cleaned[^1] != '-') cleaned.Append(c);
        }
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)))[..8];
        string name = cleaned.ToString().TrimEnd('-');
        if (name.Length > MaxNameLength - hash.Length - 1) name = name[..(MaxNameLength - hash.Length - 1)].TrimEnd('-');
        return $"{name}-{hash}";
    }

    private const int MaxNameLength = 63;

    /// <summary>Writes the job; returns its path.</summary>
    public string Write(RunPlan plan, ExperimentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(plan);
        int runs = plan.Optimizers.Count * plan.Seeds.Count;
        var job = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject { ["name"] = JobName(folder.Path) },
            ["spec"] = new JsonObject
            {
                ["completionMode"] = "Indexed",
                ["completions"] = runs,
                ["parallelism"] = parallel ?? runs,
                ["backoffLimitPerIndex"] = 1,
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["restartPolicy"] = "Never",
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "velograd",
                            ["image"] = image,
                            ["command"] = new JsonArray("velograd", "execute", MountPath, "--index", "$(JOB_COMPLETION_INDEX)"),
                            // A pod sees every core of its node, and libtorch starts a compute thread per core it sees: pods sharing
                            // a node would then wait on each other's threads (10-20x slower measured). It computes on what it requests.
                            ["env"] = new JsonArray(new JsonObject { ["name"] = "VELOGRAD_DATA", ["value"] = MountPath + "/data" },
                                new JsonObject { ["name"] = "OMP_NUM_THREADS", ["value"] = cpus.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpus.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                            ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "results", ["mountPath"] = MountPath }),
                        }),
                        ["volumes"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "results",
                            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = volumeClaim },
                        }),
                    },
                },
            },
        };
        AtomicFile.WriteAllText(folder.KubernetesJob, job.ToJsonString(RunHistory.JsonOptions));
        return folder.KubernetesJob;
    }
}
