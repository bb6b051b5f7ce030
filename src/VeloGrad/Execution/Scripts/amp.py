# Loss scaling's unscale-and-check as PyTorch's GradScaler does it: one multi-tensor kernel multiplies every gradient
# by 1/scale and sets found_inf to 1 if any element is inf or NaN (the caller zeroes it once per step).


def unscale_and_check(grads: List[Tensor], found_inf: Tensor, inv_scale: Tensor) -> Tensor:
    torch._amp_foreach_non_finite_check_and_unscale_(grads, found_inf, inv_scale)
    return found_inf
