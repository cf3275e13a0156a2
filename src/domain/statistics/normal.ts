/**
 * qnorm(0.975) = 1.959963984540054: the two-sided 95 % normal quantile R uses for a 95 % interval
 * (`conf.int = 0.95` in survfit, `conf.level = 0.95` in prop.test). Every interval here is 95 %.
 */
export const Z95 = 1.959963984540054;
