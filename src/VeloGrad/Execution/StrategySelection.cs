using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>The one place that decides which strategy steps a parameter.</summary>
internal static class StrategySelection
{
    /// <summary>The strategy for <paramref name="parameter"/>: <see cref="VeloGradExecution.Auto"/> takes the fastest
    /// that can; an explicit choice is honoured or refused with the reason.</summary>
    /// <exception cref="NotSupportedException">FusedCpu was asked for a parameter it cannot take.</exception>
    public static VeloGradExecution Choose(VeloGradExecution requested, Tensor parameter, Tensor grad, int groupIndex, int parameterIndex) => requested switch
    {
        VeloGradExecution.PerTensor => VeloGradExecution.PerTensor,
        VeloGradExecution.Auto => FusedCpuStep.Supports(parameter, grad) ? VeloGradExecution.FusedCpu : VeloGradExecution.PerTensor,
        VeloGradExecution.FusedCpu when FusedCpuStep.Supports(parameter, grad) => VeloGradExecution.FusedCpu,
        VeloGradExecution.FusedCpu => throw new NotSupportedException(
            $"Execution = FusedCpu cannot step parameter {parameterIndex} of group {groupIndex}: {FusedCpuStep.WhyNot(parameter, grad)}. " +
            "Use VeloGradExecution.Auto (the fastest strategy for each parameter) or PerTensor (any device, dtype and layout)."),
        _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "Unknown execution strategy."),
    };
}
