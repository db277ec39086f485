using TaskRouting.StreetGateway;

return await GatewayHost.RunAsync(args);
