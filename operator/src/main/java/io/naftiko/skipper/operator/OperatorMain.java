package io.naftiko.skipper.operator;

import io.naftiko.skipper.gateway.GatewayCommand;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Entry point of the container image: {@code skipper operator} alone, without the demo, the embedded API server
 * or the offline commands. The chart passes {@code operator --namespace=…}, as it would to the full CLI.
 */
public final class OperatorMain {

    private OperatorMain() {
    }

    /**
     * Runs {@code operator [options]}, or {@code gateway [options]} for the gateway's Deployment; a leading
     * {@code operator} word is accepted so the chart's args fit both jars.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("gateway")) {
            System.exit(new CommandLine(new GatewayCommand()).execute(Arrays.copyOfRange(args, 1, args.length)));
        }
        String[] options = args.length > 0 && args[0].equals("operator") ? Arrays.copyOfRange(args, 1, args.length) : args;
        System.exit(new CommandLine(new OperatorCommand(System.getenv())).execute(options));
    }
}
