namespace VeloGrad.Runs;

/// <summary>The names an <see cref="InvalidSettingException"/> gives the settings that are not a
/// <see cref="TrainingConfig"/> property (those go by <c>nameof(TrainingConfig.…)</c>): a front end maps each to the
/// option that sets it, and a test holds every name here to a mapping.</summary>
public static class SettingKeys
{
    public const string Optimizers = "Optimizers", Seeds = "Seeds", TuneSeeds = "TuneSeeds", GridPoints = "GridPoints", GridFactor = "GridFactor", TuneGrid = "TuneGrid",
        Target = "Target", Plan = "Plan", KubernetesImage = "KubernetesImage", KubernetesVolumeClaim = "KubernetesVolumeClaim", Workloads = "Workloads",
        Output = "Output", RunIndex = "RunIndex";
}
