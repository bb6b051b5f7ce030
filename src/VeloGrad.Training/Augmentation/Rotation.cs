using TorchSharp;
using static TorchSharp.torch;

namespace VeloGrad.Training.Augmentation;

/// <summary>Per-sample rotation about the image centre, counter-clockwise by the given degrees, with
/// nearest-neighbour sampling and zero fill (torchvision's RandomRotation defaults).</summary>
public static class Rotation
{
    public static Tensor Apply(Tensor images, Tensor degrees)
    {
        using var scope = NewDisposeScope();
        var radians = degrees.to(ScalarType.Float32) * (float)(Math.PI / 180);
        var (cos, sin) = (radians.cos(), radians.sin());
        var zero = zeros_like(cos);
        // Output pixel q samples the input at R(−angle)·q in normalised coordinates (x right, y down).
        var theta = stack([stack([cos, -sin, zero], 1), stack([sin, cos, zero], 1)], 1).to(images.dtype);
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);
        return nn.functional.grid_sample(images, grid, GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, align_corners: false)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Angles uniform in [−max, max] degrees, one per sample.</summary>
    public static Tensor Draw(long batch, double maxDegrees, Generator generator) =>
        (rand(batch, generator: generator) * 2 - 1) * (float)maxDegrees;
}
