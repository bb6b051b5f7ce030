using System.Text.Json.Serialization;

namespace VeloGrad.Runs;

/// <summary>How a run ended (or that it is still going).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("interrupted")] Interrupted,
    [JsonStringEnumMemberName("diverged")] Diverged,
    [JsonStringEnumMemberName("failed")] Failed,
}
