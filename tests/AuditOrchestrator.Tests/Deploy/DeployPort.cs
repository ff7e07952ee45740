namespace AuditOrchestrator.Tests.Deploy;

internal static class DeployPort
{
    /// <summary>The port the image listens on (EXPOSE of the final stage); every other artifact must agree with it.</summary>
    public static int Exposed()
    {
        var expose = DockerfileTests.Image().Final.Single(i => i.Name == "EXPOSE").Arguments.Split('/')[0];
        return int.Parse(expose, System.Globalization.CultureInfo.InvariantCulture);
    }
}
