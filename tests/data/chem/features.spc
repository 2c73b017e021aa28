#DEFVAR
NO2 = N + 2O ;  NO = N + O ; O3P = O ; O3 = 3O ; HO2 = H + 2O ; H2O2 = 2H + 2O ;
NO3 = N + 3O ; RO2 = IGNORE ;
#DEFFIX
M = IGNORE ; O2 = 2O ;
