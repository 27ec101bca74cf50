namespace Glm.Hardening.Tests.Infrastructure;

/// <summary>
/// How hard the suites push. CI runs the bounded form (each suite well under 90 s on a busy 2-core machine);
/// GLM_HARDENING_LONG=1 runs the long form documented in docs/reliability.md.
/// </summary>
internal static class HardeningScale
{
    public static bool Long => Environment.GetEnvironmentVariable("GLM_HARDENING_LONG") == "1";

    public static int Pick(int bounded, int longForm) => Long ? longForm : bounded;
}
