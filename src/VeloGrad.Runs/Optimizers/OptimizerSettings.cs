namespace VeloGrad.Runs;

/// <summary>Every setting an optimizer spec can override, each once, with the values it takes: the catalog lists which
/// optimizer takes which, and each recipe reads its values through these (no key is written twice).</summary>
public static class OptimizerSettings
{
    public static OptimizerSetting Rate { get; } = new(OptimizerCatalog.RateKey, SettingRange.Positive);
    public static OptimizerSetting WeightDecay { get; } = new(OptimizerCatalog.WeightDecayKey, SettingRange.NonNegative);
    public static OptimizerSetting Beta1 { get; } = new("beta1", SettingRange.Beta);
    public static OptimizerSetting Beta2 { get; } = new("beta2", SettingRange.Beta);
    public static OptimizerSetting Epsilon { get; } = new("eps", SettingRange.NonNegative);

    /// <summary>VeloGrad's lookahead: steps between slow-weight updates, and its two rates.</summary>
    public static OptimizerSetting LookaheadInterval { get; } = new("lookahead_k", SettingRange.Count);
    public static OptimizerSetting SlowUpdateRate { get; } = new("alpha_slow", SettingRange.Fraction);
    public static OptimizerSetting InterpolationStrength { get; } = new("alpha_interp", SettingRange.Fraction);

    /// <summary>VeloGrad's parts switched off, by name (<see cref="OptimizerCatalog.VeloGradParts"/>).</summary>
    public static OptimizerSetting Disable { get; } = new(OptimizerCatalog.DisableKey, SettingRange.Parts);

    /// <summary>SGD's.</summary>
    public static OptimizerSetting Momentum { get; } = new("momentum", SettingRange.NonNegative);
    public static OptimizerSetting Dampening { get; } = new("dampening", SettingRange.Fraction);
    public static OptimizerSetting Nesterov { get; } = new("nesterov", SettingRange.Switch);
}
