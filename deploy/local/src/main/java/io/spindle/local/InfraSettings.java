package io.spindle.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * What the infrastructure process starts, where it keeps its data and on which ports it listens.
 * Passed from {@link InfraProcess} to {@link InfraMain} as command-line arguments.
 */
public record InfraSettings(
        Path stateDir,
        Set<Component> components,
        int kafkaPort,
        int kafkaControllerPort,
        int s3Port,
        int postgresPort,
        String s3AccessKey,
        String s3SecretKey,
        List<String> databases,
        String readyFile) {

    public InfraSettings {
        readyFile = readyFile == null ? InfraMain.READY_FILE : readyFile;
    }

    public InfraSettings(Path stateDir, Set<Component> components, int kafkaPort, int kafkaControllerPort,
            int s3Port, int postgresPort, String s3AccessKey, String s3SecretKey, List<String> databases) {
        this(stateDir, components, kafkaPort, kafkaControllerPort, s3Port, postgresPort, s3AccessKey, s3SecretKey,
                databases, null);
    }

    /** The infrastructure components; each can be started on its own. */
    public enum Component {
        POSTGRES, S3, KAFKA;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add("--state-dir=" + stateDir.toAbsolutePath());
        args.add("--components=" + String.join(",", components.stream().map(Component::label).toList()));
        args.add("--kafka-port=" + kafkaPort);
        args.add("--kafka-controller-port=" + kafkaControllerPort);
        args.add("--s3-port=" + s3Port);
        args.add("--postgres-port=" + postgresPort);
        args.add("--s3-access-key=" + s3AccessKey);
        args.add("--s3-secret-key=" + s3SecretKey);
        args.add("--databases=" + String.join(",", databases));
        args.add("--ready-file=" + readyFile);
        return args;
    }

    public static InfraSettings fromArgs(String[] args) {
        Properties p = new Properties();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got: " + arg);
            }
            p.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Set<Component> components = EnumSet.noneOf(Component.class);
        for (String c : required(p, "components").split(",")) {
            components.add(Component.valueOf(c.trim().toUpperCase(Locale.ROOT)));
        }
        String databases = p.getProperty("databases", "");
        return new InfraSettings(
                Path.of(required(p, "state-dir")),
                components,
                Integer.parseInt(required(p, "kafka-port")),
                Integer.parseInt(required(p, "kafka-controller-port")),
                Integer.parseInt(required(p, "s3-port")),
                Integer.parseInt(required(p, "postgres-port")),
                required(p, "s3-access-key"),
                required(p, "s3-secret-key"),
                databases.isBlank() ? List.of() : List.of(databases.split(",")),
                p.getProperty("ready-file"));
    }

    private static String required(Properties p, String name) {
        String value = p.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name + "=…");
        }
        return value;
    }
}
