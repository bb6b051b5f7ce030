using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>Checks a gradient against its parameter before anything is updated.</summary>
internal static class GradientValidation
{
    public static void Check(Tensor parameter, Tensor grad, int groupIndex, int parameterIndex)
    {
        string where = $"parameter {parameterIndex} of group {groupIndex}";
        if (grad.is_sparse)
            throw new NotSupportedException($"VeloGrad does not support sparse gradients ({where}); use a dense embedding or another optimizer for it.");
        if (!grad.shape.SequenceEqual(parameter.shape))
            throw new ArgumentException($"The gradient of {where} has shape [{string.Join(", ", grad.shape)}] but the parameter has shape [{string.Join(", ", parameter.shape)}]; nothing was updated. Assign a gradient of the parameter's shape.");
        if (grad.dtype != parameter.dtype)
            throw new ArgumentException($"The gradient of {where} is {grad.dtype} but the parameter is {parameter.dtype}; nothing was updated.");
        if (grad.device_type != parameter.device_type || grad.device_index != parameter.device_index)
            throw new ArgumentException($"The gradient of {where} is on {grad.device} but the parameter is on {parameter.device}; nothing was updated.");
    }
}
