using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>A parameter due for a step: its gradient (validated) and its state.</summary>
internal readonly record struct ParameterStep(Parameter Parameter, Tensor Gradient, VeloGradParameterState State);
