package dev.hoshu.cli;

import java.lang.reflect.Constructor;

import picocli.CommandLine;

/** Creates subcommands, handing the {@link CliContext} to those whose constructor asks for it. */
final class ContextFactory implements CommandLine.IFactory {

    private final CliContext context;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    ContextFactory(CliContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 1 && parameters[0] == CliContext.class) {
                return type.cast(constructor.newInstance(context));
            }
        }
        return fallback.create(type);
    }
}
