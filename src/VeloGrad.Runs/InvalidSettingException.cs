namespace VeloGrad.Runs;

/// <summary>A setting of a run is out of range or unknown. <see cref="Setting"/> names it as the library does
/// (e.g. <c>Epochs</c>); a front end phrases it its own way (the command line says <c>--epochs</c>).</summary>
public sealed class InvalidSettingException : ArgumentException
{
    public InvalidSettingException(string setting, string message) : base(message) => Setting = setting;

    public InvalidSettingException() : this("", "A setting is invalid.") { }

    public InvalidSettingException(string message) : this("", message) { }

    public InvalidSettingException(string message, Exception inner) : base(message, inner) => Setting = "";

    /// <summary>The setting, by its <see cref="TrainingConfig"/> property name (or <c>Seeds</c>, <c>Optimizers</c> for experiments).</summary>
    public string Setting { get; } = "";
}
