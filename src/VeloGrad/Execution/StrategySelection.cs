using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>The one place that decides which strategy steps a parameter.</summary>
internal static class StrategySelection
{
    /// <summary>Whether a whole group goes through the multi-tensor strategy: asked for (and refused with the reason
    /// when the group cannot), or <see cref="VeloGradExecution.Auto"/> with a float32/float64 group on CUDA.</summary>
    /// <exception cref="NotSupportedException">MultiTensor was asked for a group it cannot take.</exception>
    public static bool UsesMultiTensor(VeloGradExecution requested, IReadOnlyList<Tensor> parameters, int groupIndex)
    {
        if (requested is not (VeloGradExecution.MultiTensor or VeloGradExecution.Auto) || parameters.Count == 0) return false;
        string? whyNot = MultiTensorStep.WhyNot(parameters);
        if (requested == VeloGradExecution.Auto) return whyNot is null && parameters[0].device_type == DeviceType.CUDA;
        return whyNot is null ? true : throw new NotSupportedException(
            $"Execution = MultiTensor cannot step group {groupIndex}: {whyNot}. Use VeloGradExecution.Auto (the fastest strategy for each parameter) or PerTensor.");
    }

    /// <summary>The strategy for <paramref name="parameter"/>: <see cref="VeloGradExecution.Auto"/> takes the fastest
    /// that can; an explicit choice is honoured or refused with the reason.</summary>
    /// <exception cref="NotSupportedException">FusedCpu was asked for a parameter it cannot take.</exception>
    public static VeloGradExecution Choose(VeloGradExecution requested, Tensor parameter, Tensor grad, int groupIndex, int parameterIndex) => requested switch
    {
        VeloGradExecution.PerTensor or VeloGradExecution.MultiTensor => VeloGradExecution.PerTensor,
        VeloGradExecution.Auto => FusedCpuStep.Supports(parameter, grad) ? VeloGradExecution.FusedCpu : VeloGradExecution.PerTensor,
        VeloGradExecution.FusedCpu when FusedCpuStep.Supports(parameter, grad) => VeloGradExecution.FusedCpu,
        VeloGradExecution.FusedCpu => throw new NotSupportedException(
            $"Execution = FusedCpu cannot step parameter {parameterIndex} of group {groupIndex}: {FusedCpuStep.WhyNot(parameter, grad)}. " +
            "Use VeloGradExecution.Auto (the fastest strategy for each parameter) or PerTensor (any device, dtype and layout)."),
        _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "Unknown execution strategy."),
    };
}
