using System.Text.Json;

namespace VeloGrad.Training.Experiments;

/// <summary>OUT/slurm/job.json: the last array job submitted for the folder and the run indices it holds, so that a
/// later command follows that job while it lives instead of submitting the same runs again, and finds its logs.</summary>
public sealed record SlurmSubmission(string JobId, IReadOnlyList<int> Indices, DateTimeOffset SubmittedAt)
{
    public void Save(ExperimentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        AtomicFile.WriteAllText(folder.SlurmJob, JsonSerializer.Serialize(this, RunHistory.JsonOptions));
    }

    public static SlurmSubmission? TryLoad(ExperimentFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string path = folder.SlurmJob;
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<SlurmSubmission>(File.ReadAllText(path), RunHistory.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a Slurm submission record ({JsonFileError.Describe(e)}): delete it if no job of this folder is still queued.", e);
        }
    }
}
