package io.vertalived.core.service;

import io.vertalived.core.config.model.KeepalivedConfig;
import java.nio.file.Path;

/** What a service gets at deployment: the node's name, the config file and its model. */
public record ServiceContext(String node, Path configFile, KeepalivedConfig config) {}
