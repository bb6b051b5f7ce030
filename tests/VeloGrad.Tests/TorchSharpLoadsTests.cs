using static TorchSharp.torch;

namespace VeloGrad.Tests;

public class TorchSharpLoadsTests
{
    [Fact]
    public void A_tensor_operation_runs_on_the_native_backend()
    {
        using var a = arange(6, dtype: ScalarType.Float64).reshape(2, 3);
        using var product = a.matmul(a.T);
        Assert.Equal(new[] { 5.0, 14.0, 14.0, 50.0 }, product.data<double>().ToArray());
    }
}
