"""The VOC workflow above the pillars: formation potential by source, top-down vs bottom-up."""

from .formation import (FormationPotential, formation_potential, inventory_formation_potential,
                        source_concentrations)
from .topdown import (compare_shares, emission_ratios, inventory_shares, receptor_shares,
                      write_adjustment)

__all__ = ["FormationPotential", "compare_shares", "emission_ratios", "formation_potential",
           "inventory_formation_potential", "inventory_shares", "receptor_shares",
           "source_concentrations", "write_adjustment"]
