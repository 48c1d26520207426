package io.vertalived.ipvs.kernel;

import io.vertalived.core.config.model.LvsSettings;
import io.vertalived.ipvs.kernel.nft.NftablesBackend;
import java.io.IOException;
import java.util.logging.Logger;

/** Opens the backend {@code vertalived_lvs { backend }} asks for; {@code auto}: IPVS when the kernel has it, else nftables. */
public final class LvsBackends {
  private static final Logger LOG = Logger.getLogger("io.vertalived.ipvs");

  private LvsBackends() {}

  public static LvsBackend open(LvsSettings settings) throws IOException {
    return switch (settings.backend()) {
      case LvsSettings.IPVS -> IpvsBackend.open();
      case LvsSettings.NFTABLES -> NftablesBackend.open();
      default -> {
        try {
          yield IpvsBackend.open();
        } catch (IOException noIpvs) {
          try {
            NftablesBackend b = NftablesBackend.open();
            LOG.info(noIpvs.getMessage() + "; the nftables backend programs the virtual servers (NAT;"
                + " rr, wrr, sh, mh)");
            yield b;
          } catch (IOException noNft) {
            throw new IOException(noIpvs.getMessage() + ", and " + noNft.getMessage(), noNft);
          }
        }
      }
    };
  }
}
