package io.taskoverflow.crd;

/** Group and version of the TaskOverflow API, in one place. */
public final class TaskOverflowApi {

  public static final String GROUP = "taskoverflow.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "TaskOverflow";
  public static final String PLURAL = "taskoverflows";
  public static final String CRD_NAME = PLURAL + "." + GROUP;

  private TaskOverflowApi() {}
}
